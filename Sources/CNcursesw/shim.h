#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* Macros and globals Swift cannot import (or that trip Swift 6 concurrency checks). */

/* The current screen's stdscr (after newterm). */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }

/* 0 = plain, 1 = bold, 2 = reverse. */
static inline void cnc_set_style(WINDOW *win, int style) {
  attr_t a = A_NORMAL;
  if (style == 1) a = A_BOLD;
  else if (style == 2) a = A_REVERSE;
  wattrset(win, (int)a);
}

/* The codeset of the current locale, e.g. "UTF-8". */
static inline const char *cnc_codeset(void) { return nl_langinfo(CODESET); }

static inline int cnc_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cnc_key_f(int n) { return KEY_F(n); }

/* A pseudo-terminal for tests, through /dev/ptmx: returns the master fd (or -1) and
   stores the slave fd in *slave. */
static inline int cnc_open_pty(int *slave) {
  *slave = -1;
  int m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
  if (m < 0) return -1;
  int unlock = 0;
  unsigned int n = 0;
  char name[64];
  if (ioctl(m, TIOCSPTLCK, &unlock) != 0 || ioctl(m, TIOCGPTN, &n) != 0) { close(m); return -1; }
  snprintf(name, sizeof name, "/dev/pts/%u", n);
  int s = open(name, O_RDWR | O_NOCTTY);
  if (s < 0) { close(m); return -1; }
  *slave = s;
  return m;
}

/* Sets a terminal's window size (for a pseudo-terminal in tests). */
static inline int cnc_set_winsize(int fd, int rows, int cols) {
  struct winsize ws = {0};
  ws.ws_row = (unsigned short)rows;
  ws.ws_col = (unsigned short)cols;
  return ioctl(fd, TIOCSWINSZ, &ws);
}
#endif
