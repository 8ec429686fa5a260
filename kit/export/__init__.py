"""Documents the kit writes (DOCX). Imported only when a user asks for a document."""
