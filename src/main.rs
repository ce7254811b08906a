//! The `keyturn` binary: see `keyturn --help`.

fn main() -> std::process::ExitCode {
    keyturn::cli::main()
}
