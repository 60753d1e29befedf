"""Subcommands of `harmoni`: each module has `register(subparsers)` and its own `run(args)`."""
