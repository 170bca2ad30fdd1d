import FineTuning

/// A table column: a header and the normalized-JSON path it shows.
struct Column: Sendable {
    enum Style: Sendable { case plain, status, time, bytes, percent }
    let header: String
    let path: String
    var style: Style = .plain
}

/// Which columns each kind of resource shows in `table` and `wide`.
protocol Tabular: Resource {
    static var columns: [Column] { get }
    static var wideColumns: [Column] { get }
}

extension Job: Tabular {
    static let columns = [
        Column(header: "ID", path: "id"), Column(header: "STATUS", path: "status", style: .status),
        Column(header: "MODEL", path: "model"), Column(header: "PROGRESS", path: "progress", style: .percent),
        Column(header: "CREATED", path: "created_at", style: .time),
    ]
    static let wideColumns = columns + [
        Column(header: "FINE-TUNED MODEL", path: "fine_tuned_model"), Column(header: "TRAINING FILE", path: "training_file"),
        Column(header: "EPOCHS", path: "hyperparameters.epochs"), Column(header: "TOKENS", path: "trained_tokens"),
        Column(header: "FINISHED", path: "finished_at", style: .time),
    ]
}

extension FileObject: Tabular {
    static let columns = [
        Column(header: "ID", path: "id"), Column(header: "FILENAME", path: "filename"),
        Column(header: "SIZE", path: "bytes", style: .bytes), Column(header: "PURPOSE", path: "purpose"),
        Column(header: "CREATED", path: "created_at", style: .time),
    ]
    static let wideColumns = columns + [Column(header: "STATUS", path: "status")]
}

extension JobEvent: Tabular {
    static let columns = [
        Column(header: "TIME", path: "time", style: .time), Column(header: "LEVEL", path: "level"),
        Column(header: "MESSAGE", path: "message"),
    ]
    static let wideColumns = columns + [Column(header: "STEP", path: "step"), Column(header: "METRICS", path: "metrics")]
}

extension Checkpoint: Tabular {
    static let columns = [
        Column(header: "ID", path: "id"), Column(header: "STEP", path: "step"),
        Column(header: "TRAIN LOSS", path: "metrics.train_loss"), Column(header: "VALID LOSS", path: "metrics.valid_loss"),
        Column(header: "CREATED", path: "created_at", style: .time),
    ]
    static let wideColumns = columns + [Column(header: "MODEL CHECKPOINT", path: "fine_tuned_model_checkpoint")]
}

/// Records carry their own columns: every top-level field, in order.
extension Record: Tabular {
    static let columns: [Column] = []
    static let wideColumns: [Column] = []
}
