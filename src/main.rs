fn main() -> std::process::ExitCode {
    dockdrill::cli::main()
}
