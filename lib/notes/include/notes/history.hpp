#pragma once
// The notebook's history: every command that changes notes or categories
// records one step, in its own transaction, with what undo needs:
//
//   - the rows it removed or changed, as they were before (images), copied
//     inside the database so that a drop --force of a million notes never
//     brings them into memory;
//   - a fingerprint of every row it wrote (inserted or changed), by runs of
//     consecutive ids, so that undo can tell whether anything changed them
//     since (another command, another program through plain SQL) and an
//     import of a million notes costs a few hundred small rows.
//
// Undo is generic: written rows without an image were inserted and are
// deleted; rows with an image are put back as the image says.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "notes/models.hpp"
#include "orm/orm.hpp"

namespace notes {

// One step: a write command that can be undone (table notes_history).
struct Step {
    std::int64_t id = 0;
    std::string user;
    orm::Timestamp at;
    std::string command;
    std::string summary;
    bool undone = false;

    static const orm::Table<Step>& table();
};

// A category as it was before the step removed or renamed it.
struct CategoryImage {
    std::int64_t seq = 0;
    std::int64_t step_id = 0;
    std::int64_t id = 0;
    std::string name;
    orm::Timestamp created_at;

    static const orm::Table<CategoryImage>& table();
};

// A note as it was before the step removed or edited it.
struct NoteImage {
    std::int64_t seq = 0;
    std::int64_t step_id = 0;
    std::int64_t id = 0;
    std::string text;
    std::int64_t category_id = 0;
    orm::Timestamp created_at;
    orm::Timestamp updated_at;

    static const orm::Table<NoteImage>& table();
};

// Fingerprints of rows first_id..last_id of `table_name` as the step left
// them: 8 hex digits a row, in id order.
struct WrittenRows {
    std::int64_t seq = 0;
    std::int64_t step_id = 0;
    std::string table_name;
    std::int64_t first_id = 0;
    std::int64_t last_id = 0;
    std::string hashes;

    static const orm::Table<WrittenRows>& table();
};

// The history's tables (schema version 2).
const orm::MetaData& history_metadata();

// Steps kept; older ones are forgotten (the contract asks for at least 100).
inline constexpr std::int64_t history_steps_kept = 100;

// The fingerprint of a row's values, as stored.
std::string row_fingerprint(const std::vector<orm::Value>& values);

// Records one step inside the transaction of the command that makes it.
// Nothing is kept unless the transaction commits.
class StepRecorder {
  public:
    StepRecorder(orm::Session& session, std::string user, std::string command);
    StepRecorder(const StepRecorder&) = delete;
    StepRecorder& operator=(const StepRecorder&) = delete;

    // Rows this step inserted or changed, as they are now.
    void wrote(const Category& category);
    void wrote(const Note& note);
    // Rows as they are before this step removes or changes them.
    void keep(const Category& category);
    void keep(const Note& note);
    // Every note of a category, copied inside the database.
    void keep_notes_of(std::int64_t category_id);
    // Writes what is pending, the summary, and forgets the oldest steps.
    void finish(const std::string& summary);

  private:
    struct Run {
        std::string table;
        std::int64_t first = 0, last = -1;
        std::string hashes;
    };
    std::int64_t step_id();
    void add_written(Run& run, std::int64_t id, const std::vector<orm::Value>& values);
    void flush(Run& run);

    orm::Session& session_;
    Step step_;
    Run categories_, notes_;
};

// The steps, newest first.
std::vector<Step> list_steps(orm::Session& session, std::optional<std::int64_t> limit);
// Reverts `user`'s most recent step not yet undone and returns it (undone).
// NotFound when there is none; Conflict, with nothing changed, when a row
// the step wrote was changed or removed since, or cannot be put back.
Step undo_step(orm::Session& session, const std::string& user);

}  // namespace notes
