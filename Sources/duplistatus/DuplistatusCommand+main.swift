import Server

// The executable is only its entry point; everything else lives in the `Server` target so the
// benchmarks under tools/ link the same code the server runs.
@main
extension DuplistatusCommand {}
