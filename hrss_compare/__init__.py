"""Compare how two Human Resources and Social Security bureaus are organized."""

__version__ = "0.1.0"
