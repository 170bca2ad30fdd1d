import ArgumentParser

struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Create, list, inspect and control fine-tuning jobs.",
        subcommands: [JobsCreate.self, JobsList.self, JobsGet.self, JobsCancel.self, JobsStop.self, JobsRestart.self,
                      JobsPause.self, JobsResume.self, JobsDeploy.self, JobsDelete.self, JobsLogs.self, JobsWait.self,
                      JobsMetrics.self, JobsCheckpoints.self, JobsClone.self, JobsDiff.self, JobsDownload.self]
    )
}
