"""The command line: argument parsing, file discovery, the (parallel) runner and exit codes."""
