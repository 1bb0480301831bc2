"""The Textual UI: app, screens (one per file), widgets and styles. Imports model and store."""
