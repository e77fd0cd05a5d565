"""Reports: audit JSON/CSV/Markdown and the console summary."""
