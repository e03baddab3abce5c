#pragma once
// What the floors print, shared by the SQLite floor (floor.cpp) and the
// server floors (floor_mysql.cpp, floor_pg.cpp) so that their output costs
// the same: stdio lines for people and, for export, the note JSON writer of
// `notes` itself (app/json_note_writer, standard C++ only).
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "json_note_writer.hpp"

namespace bench {

// One note, as a line for people: id, date, category, text.
inline void print_note(std::int64_t id, std::string_view created, std::string_view category,
                       std::string_view text) {
    std::printf("%7lld  %.*s  %-12.*s  %.*s\n", static_cast<long long>(id),
                static_cast<int>(created.size()), created.data(), static_cast<int>(category.size()),
                category.data(), static_cast<int>(text.size()), text.data());
}

// One note in full, as `show` prints it.
inline void print_show(std::int64_t id, std::string_view category, std::string_view created,
                       std::string_view updated, std::string_view text) {
    std::printf("id:       %lld\ncategory: %.*s\ncreated:  %.*s\nupdated:  %.*s\n\n%.*s\n",
                static_cast<long long>(id), static_cast<int>(category.size()), category.data(),
                static_cast<int>(created.size()), created.data(), static_cast<int>(updated.size()),
                updated.data(), static_cast<int>(text.size()), text.data());
}

inline void print_category_header() {
    std::printf("NAME        NOTES  CREATED\n");
}

// One category of `list`: name, note count, creation minute.
inline void print_category(std::string_view name, long long notes, std::string_view created) {
    created = created.substr(0, 16);
    std::printf("%-10.*s  %5lld  %.*s\n", static_cast<int>(name.size()), name.data(), notes,
                static_cast<int>(created.size()), created.data());
}

// One note as `notes export` writes it, through the writer `notes` itself
// uses (app/json_note_writer.cpp): a compact JSON object and a newline.
// `created` and `updated` as stored: 'YYYY-MM-DD HH:MM:SS' (UTC).
inline void append_note_json(std::string& line, std::int64_t id, std::string_view category,
                             std::string_view text, std::string_view created,
                             std::string_view updated) {
    // 'YYYY-MM-DD HH:MM:SS' -> 'YYYY-MM-DDTHH:MM:SSZ'; reused buffers.
    thread_local std::string c, u;
    const auto rfc3339 = [](std::string& out, std::string_view stored) {
        out.clear();
        if (stored.size() == 19 && stored[10] == ' ') {
            out.append(stored.substr(0, 10));
            out += 'T';
            out.append(stored.substr(11));
            out += 'Z';
        } else {
            out.append(stored);
        }
        return std::string_view(out);
    };
    app::append_note_json(line, id, category, text, rfc3339(c, created), rfc3339(u, updated));
    line += '\n';
}

}  // namespace bench
