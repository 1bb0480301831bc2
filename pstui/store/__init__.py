"""Persistence: the TinyDB storage, the typed repository, templates, merge and git sync.

Imports the model, never the UI.
"""
