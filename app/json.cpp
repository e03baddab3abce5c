// The contract's JSON objects (shared/docs/cli.md): notes, categories, steps.
#include "json.hpp"

#include <chrono>

#include "json_note_writer.hpp"

namespace app {

namespace {

void append_digits(std::string& out, long value, int width) {
    char buf[8];
    for (int i = width - 1; i >= 0; --i, value /= 10)
        buf[i] = static_cast<char>('0' + value % 10);
    out.append(buf, static_cast<std::size_t>(width));
}

void append_rfc3339(std::string& out, const orm::Timestamp& t) {
    using namespace std::chrono;
    const auto day = floor<days>(t.time);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t.time - day};
    append_digits(out, static_cast<int>(ymd.year()), 4);
    out += '-';
    append_digits(out, static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
    out += '-';
    append_digits(out, static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
    out += 'T';
    append_digits(out, hms.hours().count(), 2);
    out += ':';
    append_digits(out, hms.minutes().count(), 2);
    out += ':';
    append_digits(out, static_cast<long>(hms.seconds().count()), 2);
    out += 'Z';
}

}  // namespace

std::string rfc3339(const orm::Timestamp& t) {
    std::string s;
    append_rfc3339(s, t);
    return s;
}

Json note_json(const notes::NoteView& v) {
    Json j;
    j["id"] = v.note.id;
    j["category"] = v.category;
    j["text"] = v.note.text;
    j["created_at"] = rfc3339(v.note.created_at);
    j["updated_at"] = rfc3339(v.note.updated_at);
    return j;
}

void append_note_json(std::string& out, const notes::NoteView& v) {
    // Reused buffers: the export loop runs this once per note.
    thread_local std::string created, updated;
    created.clear();
    updated.clear();
    append_rfc3339(created, v.note.created_at);
    append_rfc3339(updated, v.note.updated_at);
    append_note_json(out, v.note.id, v.category, v.note.text, created, updated);
}

Json category_json(const notes::Category& c, std::int64_t notes) {
    Json j;
    j["id"] = c.id;
    j["name"] = c.name;
    j["notes"] = notes;
    j["created_at"] = rfc3339(c.created_at);
    return j;
}

Json step_json(const notes::Step& s) {
    Json j;
    j["id"] = s.id;
    j["command"] = s.command;
    j["user"] = s.user;
    j["at"] = rfc3339(s.at);
    j["summary"] = s.summary;
    j["undone"] = s.undone;
    return j;
}

std::string dump(const Json& value, int indent) {
    return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace app
