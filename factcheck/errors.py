"""Errors the CLI turns into one-line messages and exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # SIGINT (Ctrl-C): 128 + 2
EXIT_TERMINATED = 143  # SIGTERM: 128 + 15


class FactcheckError(Exception):
    """Base class of errors that are the user's to fix (exit code 2)."""

    exit_code = EXIT_USAGE


class InputError(FactcheckError):
    """An input file or directory cannot be read as articles."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ConfigError(FactcheckError):
    """The configuration file is missing, malformed or inconsistent."""


class ModelError(FactcheckError):
    """A configured model cannot be loaded offline."""


class Terminated(BaseException):
    """SIGTERM arrived (the CLI raises it from its signal handler; exit 143).

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` swallows it.
    """
