#pragma once
// What `notes --version` prints: the version of notes, then the version of
// every library it uses, one "name version" a line (like
// `git --version --build-options`). Runtime versions where the library
// reports one (SQLite, the MariaDB client, utf8proc), so that the line tells
// what is really loaded; compile-time versions for header-only and static
// libraries.
#include <string>

namespace app {

// "notes 0.1.0\nsqlite 3.40.1\n...": no trailing newline.
std::string version_text();

}  // namespace app
