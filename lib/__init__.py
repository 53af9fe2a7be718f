"""gongkai: read, check, store and compare government information disclosure annual reports."""

__version__ = "0.1.0"
PARSER_VERSION = "1"
