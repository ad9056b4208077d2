"""Reader widgets: the article view, the outline panel and the find bar."""
