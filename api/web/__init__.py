"""The Russian web interface: static HTML, CSS and ES modules, no build step."""
