"""smolny: councils, congresses and their committees, with a verifiable record."""

__version__ = "0.1.0"
