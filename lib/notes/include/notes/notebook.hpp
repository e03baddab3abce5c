#pragma once
// The operations of the `notes` command line, each one transaction, on any
// backend the ORM serves. Validation happens before the database is opened.
//
//   notes::Notebook book("sqlite:///notes.db");
//   auto added = book.add("sqlalchemy is cool", "tech");
//   for (const auto& n : book.notes("tech", {})) ...
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "notes/history.hpp"
#include "notes/import_line.hpp"
#include "notes/models.hpp"
#include "orm/engine_options.hpp"

namespace notes {

struct NoteView {
    Note note;
    std::string category;
};

struct CategoryView {
    Category category;
    std::int64_t notes = 0;
};

// A short excerpt of a note around its first match; `marks` are the byte
// ranges [begin, end) of matched words inside `text`.
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> marks;
};

struct SearchHit {
    NoteView note;
    Snippet snippet;
};

struct ListOptions {
    std::optional<std::int64_t> limit;
    bool oldest_first = false;
};

// The records of an import, readable more than once.
class ImportSource {
  public:
    virtual ~ImportSource() = default;
    // Back to the first record.
    virtual void rewind() = 0;
    // The next record; nullopt at the end.
    virtual std::optional<ImportRecord> next() = 0;
};

// Records held in memory (tests, small imports).
class ImportRecords : public ImportSource {
  public:
    explicit ImportRecords(std::vector<ImportRecord> records) : records_(std::move(records)) {}
    void rewind() override { at_ = 0; }
    std::optional<ImportRecord> next() override {
        if (at_ >= records_.size()) return std::nullopt;
        return records_[at_++];
    }

  private:
    std::vector<ImportRecord> records_;
    std::size_t at_ = 0;
};

class Notebook {
  public:
    // `url` as in the contract (a path, sqlite:///…, mysql://…); throws
    // orm::UrlError when malformed. Nothing is opened until the first operation.
    explicit Notebook(const std::string& url, orm::EngineOptions options = {});
    ~Notebook();
    Notebook(const Notebook&) = delete;
    Notebook& operator=(const Notebook&) = delete;

    // The URL with any password hidden, for messages.
    std::string describe() const;
    // The files the notebook lives in, if it is local (a file and its
    // journals): what an output file must never be.
    std::vector<std::string> files() const;

    // Category names that start with `prefix`, in byte (code point) order,
    // for shell completion. Creates and changes nothing: no names when the
    // database or its categories table does not exist; reads only the name
    // column, so it works on a database notes has not adopted yet.
    std::vector<std::string> category_names(const std::string& prefix);
    // Whose steps the write commands record and undo reverts (the login name).
    void set_user(std::string user);

    void init();
    Category create(const std::string& name);
    // Adds a note, creating the category when missing (`created_category`).
    struct Added {
        NoteView note;
        bool created_category = false;
    };
    Added add(const std::string& text, const std::string& category);
    std::vector<CategoryView> categories();
    std::vector<NoteView> notes(const std::string& category, const ListOptions& options);
    NoteView show(std::int64_t id);
    // `query`: the words as given, joined by spaces; "…" marks a phrase.
    std::vector<SearchHit> search(const std::string& query,
                                  const std::optional<std::string>& category,
                                  std::optional<std::int64_t> limit);
    NoteView edit(std::int64_t id, const std::optional<std::string>& text,
                  const std::optional<std::string>& category);
    CategoryView rename(const std::string& from, const std::string& to);
    // All or nothing: a missing id removes none (NotFound).
    std::vector<std::int64_t> remove(const std::vector<std::int64_t>& ids);
    // All or nothing; a non-empty category needs `force` (Conflict otherwise).
    std::vector<std::string> drop(const std::vector<std::string>& names, bool force);
    // Drops every table of the notebook, including its bookkeeping.
    void drop_all();
    // Streams every note (or one category's), oldest first.
    void export_notes(const std::optional<std::string>& category,
                      const std::function<void(const NoteView&)>& sink);
    // Adds every record of `source` in one transaction; all or nothing. A bad
    // record throws Invalid naming its line. A retried transaction reads the
    // source again from the start, so it must be replayable: read and check
    // the whole input before (an ImportSpool, app/import_spool.hpp), never
    // while the write lock is held.
    std::int64_t import_notes(ImportSource& source);
    std::int64_t import_notes(ImportSource&& source) { return import_notes(source); }

    // Every user's steps, newest first.
    std::vector<Step> history(std::optional<std::int64_t> limit);
    // Reverts this user's most recent step not yet undone (see history.hpp).
    Step undo();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace notes
