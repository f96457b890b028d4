"""The Sphinx layer: configuration, the directive, the ``one`` domain, the render cache and the
writers per builder."""
