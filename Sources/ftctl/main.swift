import FTCLI
import Foundation

// Ignore SIGPIPE so `ftctl jobs list | head` ends quietly instead of being killed mid-write.
signal(SIGPIPE, SIG_IGN)
exit(FTCtl.runBlocking(arguments: Array(CommandLine.arguments.dropFirst())))
