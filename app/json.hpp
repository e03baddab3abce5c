#pragma once
// JSON objects exactly as the contract spells them (shared/docs/cli.md).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "notes/notebook.hpp"

namespace app {

// Keys in the order the contract shows them.
using Json = nlohmann::ordered_json;

Json note_json(const notes::NoteView& note);
Json category_json(const notes::Category& category, std::int64_t notes);
// A step of the history: id, command, user, at, summary, undone.
Json step_json(const notes::Step& step);
// The same note object, compact, appended to `out` without building a JSON
// value: the export loop, where it is most of the work per note.
void append_note_json(std::string& out, const notes::NoteView& note);
// 'YYYY-MM-DDTHH:MM:SSZ'.
std::string rfc3339(const orm::Timestamp& t);
// Compact (or indented) text; bytes that are not UTF-8 (rows written by other
// programs) become U+FFFD instead of an exception.
std::string dump(const Json& value, int indent = -1);

}  // namespace app
