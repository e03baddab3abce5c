#pragma once
// The hidden command behind the shell completions (doc/completion/):
//
//   notes [--db URL] __complete categories [--] [PREFIX]
//
// prints the names of the categories that start with PREFIX (exactly, byte
// for byte), one a line, in code-point order. It only reads the names: no
// schema is created or migrated, a missing SQLite file or default folder is
// not created (and simply has no categories), and nothing else is asked of the
// database. Exit codes as for every command (4: the database cannot be read).
// Not shown by --help.
#include "commands.hpp"

namespace app {

Command cmd_complete(CLI::App& cli);

}  // namespace app
