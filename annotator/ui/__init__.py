"""The Qt widgets: main window, document view, annotation panel, commands and actions."""
