"""Resources loaded through importlib.resources: translations, icons, theme, demo inputs."""
