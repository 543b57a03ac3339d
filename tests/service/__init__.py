"""Tests of the service layer (a package, so that its test modules may share names with
those of tests/api)."""
