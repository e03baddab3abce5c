// Retries (Notebook's transactions): a transient failure runs the work again
// only when its input can be replayed and nothing was written out yet.
//
// The transient failure here is thrown by the input or the output itself,
// at a chosen moment, as the real backend error would arrive there (the CLI
// fault tests kill the real server connection: tests/cli/test_faults.cpp).
#include <doctest/doctest.h>

#include "fixture.hpp"
#include "notes/errors.hpp"
#include "notes/notebook.hpp"

namespace {

notes::ImportRecord rec(std::string text, std::size_t line) {
    notes::ImportRecord r;
    r.line = line;
    r.text = std::move(text);
    r.category = "imp";
    return r;
}

// Three records; the first pass fails after the second, as a lost
// connection would in the middle of the INSERTs.
class FailsOnce : public notes::ImportSource {
  public:
    void rewind() override {
        ++passes;
        at = 0;
    }
    std::optional<notes::ImportRecord> next() override {
        if (passes == 1 && at == 2)
            throw orm::OperationalError("lost connection (test)", "INSERT", 2013, true);
        if (at == 3) return std::nullopt;
        ++at;
        return rec("note " + std::to_string(at), at);
    }
    int passes = 0;
    std::size_t at = 0;
};

}  // namespace

TEST_CASE("import: a retried transaction reads its input again from the start") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    FailsOnce source;
    CHECK(book.import_notes(source) == 3);
    CHECK(source.passes == 2);
    const auto all = nt::exported(book);
    REQUIRE(all.size() == 3);
    CHECK(all[0].note.text == "note 1");
    CHECK(all[2].note.text == "note 3");
}

TEST_CASE("export: no second run once a note was written out") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.add("one", "c");
    book.add("two", "c");
    int calls = 0;
    CHECK_THROWS_AS(book.export_notes(std::nullopt,
                                      [&](const notes::NoteView&) {
                                          ++calls;
                                          throw orm::OperationalError("lost connection (test)",
                                                                      "SELECT", 2013, true);
                                      }),
                    orm::OperationalError);
    CHECK(calls == 1);
}
