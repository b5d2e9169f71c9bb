"""The project's own exceptions: each carries one line that names the thing and the fix."""


class FramingError(Exception):
    """A problem the user can fix; its message is shown as it is, without a traceback."""


class ConfigError(FramingError):
    """The config folder has a problem."""


class StoreError(FramingError):
    """The store (an SQLite file or a PostgreSQL database) cannot be opened, read or written."""


class InputError(FramingError):
    """A file or argument given by the user cannot be used."""


class StoreNotFound(StoreError):
    """A store opened for reading is not there (no file, or an empty database)."""
