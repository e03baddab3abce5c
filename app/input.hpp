#pragma once
// Note text from the command line or stdin, shared by add and edit.
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace app {

// TEXT words joined by single spaces; nullopt for none or a lone "-" (read stdin).
std::optional<std::string> words_text(const std::vector<std::string>& words);

// All of stdin, at most 1 MiB plus a final newline, which is dropped.
std::string read_stdin_note();

bool stdin_is_terminal();

// Throws IoError (exit 4) unless `path` is a file this process can read: a
// folder or an unreadable file is refused before the database is opened.
void check_input_file(const std::string& path);

// Removes duplicates, keeping the first of each (rm 3 3, drop a a).
template <class T>
std::vector<T> unique_in_order(const std::vector<T>& values) {
    std::set<T> seen;
    std::vector<T> out;
    for (const auto& v : values)
        if (seen.insert(v).second) out.push_back(v);
    return out;
}

}  // namespace app
