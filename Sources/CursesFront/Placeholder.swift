// Curses front
