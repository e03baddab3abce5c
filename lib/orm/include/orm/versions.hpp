#pragma once
// What a program built on the ORM runs on, for its --version text: the ORM
// itself, then the client libraries of every backend (SQLite, built in; each
// backend module found, loaded to ask it), as {name, version} pairs.
#include <string>
#include <utility>
#include <vector>

namespace orm {

using LibraryVersions = std::vector<std::pair<std::string, std::string>>;

LibraryVersions library_versions();

}  // namespace orm
