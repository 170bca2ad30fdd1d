import FTCLI
import Foundation

// Ignore SIGPIPE so `ftctl jobs list | head` ends quietly instead of being killed mid-write.
signal(SIGPIPE, SIG_IGN)
let code = await FTCtl.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(code)
