public enum FTVersion {
    public static let current = "0.1.0"
}
