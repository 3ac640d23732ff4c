#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

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
#endif
