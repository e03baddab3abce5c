#include "notes/history.hpp"

#include <fmt/format.h>

#include <set>
#include <type_traits>

#include "notes/errors.hpp"
#include "notes/validate.hpp"

namespace notes {

using orm::c;

const orm::Table<Step>& Step::table() {
    static const orm::Table<Step> t =
        orm::Table<Step>("notes_history")
            .column("id", &Step::id, orm::primary_key)
            .column("user_name", &Step::user)
            .column("made_at", &Step::at, orm::default_now)
            .column("command", &Step::command, orm::varchar{16})
            .column("summary", &Step::summary)
            .column("undone", &Step::undone, orm::default_value{std::int64_t{0}});
    return t;
}

namespace {

const orm::references step_key{"notes_history", "id", orm::OnDelete::Cascade};

}  // namespace

const orm::Table<CategoryImage>& CategoryImage::table() {
    static const orm::Table<CategoryImage> t =
        orm::Table<CategoryImage>("notes_history_categories")
            .column("seq", &CategoryImage::seq, orm::primary_key)
            .column("step_id", &CategoryImage::step_id, step_key)
            .column("id", &CategoryImage::id)
            .column("name", &CategoryImage::name)
            .column("created_at", &CategoryImage::created_at)
            .index("ix_notes_history_categories_step", {"step_id"});
    return t;
}

const orm::Table<NoteImage>& NoteImage::table() {
    static const orm::Table<NoteImage> t = orm::Table<NoteImage>("notes_history_notes")
                                               .column("seq", &NoteImage::seq, orm::primary_key)
                                               .column("step_id", &NoteImage::step_id, step_key)
                                               .column("id", &NoteImage::id)
                                               .column("text", &NoteImage::text)
                                               .column("category_id", &NoteImage::category_id)
                                               .column("created_at", &NoteImage::created_at)
                                               .column("updated_at", &NoteImage::updated_at)
                                               .index("ix_notes_history_notes_step", {"step_id"});
    return t;
}

const orm::Table<WrittenRows>& WrittenRows::table() {
    static const orm::Table<WrittenRows> t =
        orm::Table<WrittenRows>("notes_history_rows")
            .column("seq", &WrittenRows::seq, orm::primary_key)
            .column("step_id", &WrittenRows::step_id, step_key)
            .column("table_name", &WrittenRows::table_name, orm::varchar{64})
            .column("first_id", &WrittenRows::first_id)
            .column("last_id", &WrittenRows::last_id)
            .column("hashes", &WrittenRows::hashes)
            .index("ix_notes_history_rows_step", {"step_id"});
    return t;
}

const orm::MetaData& history_metadata() {
    static const orm::MetaData m = [] {
        orm::MetaData m;
        m.add<Step>().add<CategoryImage>().add<NoteImage>().add<WrittenRows>();
        return m;
    }();
    return m;
}

std::string row_fingerprint(const std::vector<orm::Value>& values) {
    // FNV-1a over each value with its type; 32 bits are plenty to notice a
    // change and halve what an import of a million notes stores.
    std::uint64_t h = 14695981039346656037ull;
    auto mix = [&h](const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) {
            h ^= bytes[i];
            h *= 1099511628211ull;
        }
    };
    for (const auto& value : values) {
        const unsigned char tag = static_cast<unsigned char>(value.index());
        mix(&tag, 1);
        if (const auto* i = std::get_if<std::int64_t>(&value)) {
            mix(i, sizeof *i);
        } else if (const auto* d = std::get_if<double>(&value)) {
            mix(d, sizeof *d);
        } else if (const auto* s = std::get_if<std::string>(&value)) {
            const std::uint64_t size = s->size();
            mix(&size, sizeof size);
            mix(s->data(), s->size());
        }
    }
    return fmt::format("{:08x}", static_cast<std::uint32_t>(h ^ (h >> 32)));
}

// ---- recording ------------------------------------------------------------

StepRecorder::StepRecorder(orm::Session& session, std::string user, std::string command)
    : session_(session) {
    step_.user = std::move(user);
    step_.command = std::move(command);
    categories_.table = Category::table().name();
    notes_.table = Note::table().name();
}

std::int64_t StepRecorder::step_id() {
    if (step_.id == 0) {
        step_.at = orm::Timestamp::now();
        session_.insert(step_);
    }
    return step_.id;
}

void StepRecorder::wrote(const Category& category) {
    add_written(categories_, category.id, Category::table().values(&category));
}

void StepRecorder::wrote(const Note& note) {
    add_written(notes_, note.id, Note::table().values(&note));
}

void StepRecorder::add_written(Run& run, std::int64_t id, const std::vector<orm::Value>& values) {
    // Runs of consecutive ids, at most 1,024 rows each: a bulk import stores
    // one small row per thousand notes.
    constexpr std::size_t run_rows = 1024;
    if (run.hashes.empty() || id != run.last + 1 || run.hashes.size() >= run_rows * 8) {
        flush(run);
        run.first = id;
    }
    run.last = id;
    run.hashes += row_fingerprint(values);
}

void StepRecorder::flush(Run& run) {
    if (run.hashes.empty()) return;
    WrittenRows rows{.seq = 0,
                     .step_id = step_id(),
                     .table_name = run.table,
                     .first_id = run.first,
                     .last_id = run.last,
                     .hashes = std::move(run.hashes)};
    session_.insert(rows);
    run.hashes.clear();
}

void StepRecorder::keep(const Category& category) {
    CategoryImage image{.seq = 0,
                        .step_id = step_id(),
                        .id = category.id,
                        .name = category.name,
                        .created_at = category.created_at};
    session_.insert(image);
}

void StepRecorder::keep(const Note& note) {
    NoteImage image{.seq = 0,
                    .step_id = step_id(),
                    .id = note.id,
                    .text = note.text,
                    .category_id = note.category_id,
                    .created_at = note.created_at,
                    .updated_at = note.updated_at};
    session_.insert(image);
}

void StepRecorder::keep_notes_of(std::int64_t category_id) {
    session_.query<Note>()
        .filter(c(&Note::category_id) == category_id)
        .insert_into<NoteImage>({orm::set(&NoteImage::step_id, step_id())});
}

void StepRecorder::finish(const std::string& summary) {
    step_.summary = summary;
    const bool inserted = step_.id != 0;
    flush(categories_);
    flush(notes_);
    const auto id = step_id();
    if (inserted)
        session_.query<Step>()
            .filter(c(&Step::id) == id)
            .update_all({orm::set(&Step::summary, summary)});
    if (id > history_steps_kept) {
        const auto cutoff = id - history_steps_kept;
        session_.query<WrittenRows>().filter(c(&WrittenRows::step_id) <= cutoff).delete_all();
        session_.query<CategoryImage>().filter(c(&CategoryImage::step_id) <= cutoff).delete_all();
        session_.query<NoteImage>().filter(c(&NoteImage::step_id) <= cutoff).delete_all();
        session_.query<Step>().filter(c(&Step::id) <= cutoff).delete_all();
    }
}

// ---- listing and undo -----------------------------------------------------

std::vector<Step> list_steps(orm::Session& session, std::optional<std::int64_t> limit) {
    auto query = session.query<Step>().order_by(c(&Step::id).desc());
    if (limit) query.limit(*limit);
    std::vector<Step> out;
    for (const auto& step : query.stream())
        out.push_back(step);
    return out;
}

namespace {

class Undo {
  public:
    Undo(orm::Session& s, Step step) : s_(s), step_(std::move(step)) {}

    Step run() {
        for (const auto& rows : s_.query<WrittenRows>()
                                    .filter(c(&WrittenRows::step_id) == step_.id)
                                    .order_by(c(&WrittenRows::seq).asc())
                                    .all()) {
            if (rows->table_name == Note::table().name()) {
                check_unchanged<Note>(*rows);
                note_runs_.push_back(*rows);
            } else {
                check_unchanged<Category>(*rows);
                for (auto id = rows->first_id; id <= rows->last_id; ++id)
                    written_categories_.insert(id);
            }
        }
        note_images_ = s_.query<NoteImage>().filter(c(&NoteImage::step_id) == step_.id).count();
        remove_inserted_notes();
        remove_inserted_categories();
        restore_categories();
        restore_notes();
        s_.query<Step>()
            .filter(c(&Step::id) == step_.id)
            .update_all({orm::set(&Step::undone, true)});
        step_.undone = true;
        return step_;
    }

  private:
    [[noreturn]] void refuse(const std::string& why) const {
        throw Conflict(fmt::format("cannot undo step {} ({}): {}; nothing was undone", step_.id,
                                   step_.command, why));
    }

    static std::string describe(const Note& note) { return fmt::format("note {}", note.id); }
    static std::string describe(const Category& category) {
        return fmt::format("category {}", quote_value(category.name));
    }
    template <class T>
    static std::string describe_missing(std::int64_t id) {
        if constexpr (std::is_same_v<T, Note>)
            return fmt::format("note {}", id);
        else
            return fmt::format("the category with id {}", id);
    }

    // Every row the step wrote must be as the step left it.
    template <class T>
    void check_unchanged(const WrittenRows& rows) {
        auto expect = rows.first_id;
        std::size_t at = 0;
        for (const T& row : s_.query<T>()
                                .filter(c(&T::id) >= rows.first_id && c(&T::id) <= rows.last_id)
                                .order_by(c(&T::id).asc())
                                .stream()) {
            if (row.id != expect) refuse(describe_missing<T>(expect) + " was deleted since");
            if (rows.hashes.compare(at, 8, row_fingerprint(T::table().values(&row))) != 0)
                refuse(describe(row) + " was changed since");
            ++expect;
            at += 8;
        }
        if (expect <= rows.last_id) refuse(describe_missing<T>(expect) + " was deleted since");
    }

    // Notes the step inserted: written, with no image of how they were before.
    void remove_inserted_notes() {
        if (note_runs_.empty()) return;
        if (note_images_ == 0) {
            // One DELETE a range of consecutive ids: an import of a million
            // notes is one statement, as a drop --force is.
            std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
            for (const auto& rows : note_runs_) {
                if (!ranges.empty() && ranges.back().second + 1 == rows.first_id)
                    ranges.back().second = rows.last_id;
                else
                    ranges.emplace_back(rows.first_id, rows.last_id);
            }
            for (const auto& [first, last] : ranges)
                s_.query<Note>().filter(c(&Note::id) >= first && c(&Note::id) <= last).delete_all();
            return;
        }
        std::set<std::int64_t> kept;
        for (const auto& image :
             s_.query<NoteImage>().filter(c(&NoteImage::step_id) == step_.id).stream())
            kept.insert(image.id);
        for (const auto& rows : note_runs_)
            for (auto id = rows.first_id; id <= rows.last_id; ++id)
                if (!kept.contains(id)) s_.query<Note>().filter(c(&Note::id) == id).delete_all();
    }

    // Categories the step created: dropped when empty now. A `create` whose
    // category has notes now is refused; after `add` or `import` the
    // category simply stays.
    void remove_inserted_categories() {
        std::set<std::int64_t> kept;
        for (const auto& image :
             s_.query<CategoryImage>().filter(c(&CategoryImage::step_id) == step_.id).stream())
            kept.insert(image.id);
        for (auto id : written_categories_) {
            if (kept.contains(id)) continue;
            auto category = s_.get<Category>(id);
            if (category->notes(s_).count() > 0) {
                if (step_.command == "create")
                    refuse(fmt::format("category {} has notes now", quote_value(category->name)));
                continue;
            }
            s_.query<Category>().filter(c(&Category::id) == id).delete_all();
        }
    }

    void restore_categories() {
        for (const auto& image : s_.query<CategoryImage>()
                                     .filter(c(&CategoryImage::step_id) == step_.id)
                                     .order_by(c(&CategoryImage::seq).asc())
                                     .all()) {
            const auto same_name = Category::search_by_name(s_, image->name).one_or_none();
            if (same_name && same_name->id != image->id)
                refuse(fmt::format("a category named {} exists again", quote_value(image->name)));
            if (written_categories_.contains(image->id)) {
                s_.query<Category>()
                    .filter(c(&Category::id) == image->id)
                    .update_all({orm::set(&Category::name, image->name),
                                 orm::set(&Category::created_at, image->created_at)});
                continue;
            }
            if (auto taken = s_.get<Category>(image->id))
                refuse(fmt::format("category {} has the id {} of category {} again",
                                   quote_value(taken->name), image->id, quote_value(image->name)));
            s_.query<CategoryImage>()
                .filter(c(&CategoryImage::seq) == image->seq)
                .insert_into<Category>();
        }
    }

    void restore_notes() {
        if (note_images_ == 0) return;
        const auto images = [&] {
            return s_.query<NoteImage>().filter(c(&NoteImage::step_id) == step_.id);
        };
        for (const auto& [category_id, count] : images().count_by(&NoteImage::category_id))
            if (!s_.get<Category>(category_id))
                refuse(fmt::format("the category (id {}) of {} note{} to put back no longer exists",
                                   category_id, count, count == 1 ? "" : "s"));
        if (!note_runs_.empty()) {
            // Notes the step changed (edit): back to how they were.
            for (const auto& image : images().stream())
                s_.query<Note>()
                    .filter(c(&Note::id) == image.id)
                    .update_all({orm::set(&Note::text, image.text),
                                 orm::set(&Note::category_id, image.category_id),
                                 orm::set(&Note::created_at, image.created_at),
                                 orm::set(&Note::updated_at, image.updated_at)});
            return;
        }
        // Notes the step removed: back with their ids. Their ids are never
        // given out again, so only another program can have taken one.
        constexpr std::int64_t checked_one_by_one = 1000;
        if (note_images_ <= checked_one_by_one) {
            std::vector<std::int64_t> ids;
            for (const auto& image : images().stream())
                ids.push_back(image.id);
            for (auto id : ids)
                if (s_.query<Note>().filter(c(&Note::id) == id).count() > 0)
                    refuse(fmt::format("note {} exists again", id));
        }
        try {
            images().insert_into<Note>();
        } catch (const orm::IntegrityError&) {
            refuse("a note with the id of a note to put back exists again");
        }
    }

    orm::Session& s_;
    Step step_;
    std::vector<WrittenRows> note_runs_;
    std::set<std::int64_t> written_categories_;
    std::int64_t note_images_ = 0;
};

}  // namespace

Step undo_step(orm::Session& session, const std::string& user) {
    auto step = session.query<Step>()
                    .filter(c(&Step::user) == user && c(&Step::undone) == false)
                    .order_by(c(&Step::id).desc())
                    .first();
    if (!step) throw NotFound(fmt::format("nothing to undo for user {}", quote_value(user)));
    return Undo(session, *step).run();
}

}  // namespace notes
