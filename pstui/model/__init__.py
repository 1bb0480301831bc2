"""The pure domain: dataclasses and rules. Imports neither textual nor tinydb."""
