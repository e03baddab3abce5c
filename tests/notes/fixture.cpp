#include "fixture.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <cstdlib>
#include <iostream>
#include <system_error>

namespace nt {

TempDir::TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/notes-tests-XXXXXX";
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

TestDb::TestDb() {
    if (support::capabilities().file_database) {
        file_ = dir_.path() / "notes.db";
        url_ = "sqlite:///" + file_.string();  // an absolute path: sqlite:////tmp/...
        return;
    }
    const auto url = support::server_url();
    REQUIRE_MESSAGE(url, "the server's URL variable is not set");
    url_ = *url;
    notes::Notebook(url_).drop_all();
}

TestDb::~TestDb() = default;

orm::Connection& TestDb::raw() {
    if (!raw_) raw_ = orm::create_engine(url_);
    return raw_->connection();
}

void TestDb::close_raw() {
    raw_.reset();
}

std::string TestDb::q(std::string_view identifier) {
    if (!raw_) raw_ = orm::create_engine(url_);
    return raw_->dialect().quote(identifier);
}

std::int64_t TestDb::exec(const std::string& sql, const std::vector<orm::Value>& params) {
    return raw().execute(sql, params);
}

std::int64_t TestDb::scalar(const std::string& sql, const std::vector<orm::Value>& params) {
    auto statement = raw().prepare(sql);
    statement->bind_all(params);
    REQUIRE_MESSAGE(statement->step(), "no row from: " << sql);
    return statement->get_int64(0);
}

std::string TestDb::scalar_text(const std::string& sql, const std::vector<orm::Value>& params) {
    auto statement = raw().prepare(sql);
    statement->bind_all(params);
    REQUIRE_MESSAGE(statement->step(), "no row from: " << sql);
    return std::string(statement->get_text(0));
}

std::vector<std::int64_t> ids(const std::vector<notes::NoteView>& notes) {
    std::vector<std::int64_t> out;
    for (const auto& n : notes)
        out.push_back(n.note.id);
    return out;
}

std::vector<std::int64_t> ids(const std::vector<notes::SearchHit>& hits) {
    std::vector<std::int64_t> out;
    for (const auto& h : hits)
        out.push_back(h.note.note.id);
    return out;
}

std::vector<std::string> texts(const std::vector<notes::SearchHit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits)
        out.push_back(h.note.note.text);
    return out;
}

orm::Timestamp ts(std::string_view text) {
    const auto parsed = orm::Timestamp::parse(text);
    REQUIRE_MESSAGE(parsed.has_value(), "bad timestamp in a test: " << text);
    return *parsed;
}

std::vector<notes::NoteView> exported(notes::Notebook& book,
                                      const std::optional<std::string>& category) {
    std::vector<notes::NoteView> out;
    book.export_notes(category, [&](const notes::NoteView& view) { out.push_back(view); });
    return out;
}

notes::ImportRecords records(std::vector<notes::ImportRecord> records) {
    for (std::size_t i = 0; i < records.size(); ++i)
        if (records[i].line == 0) records[i].line = i + 1;
    return notes::ImportRecords(std::move(records));
}

}  // namespace nt
