#include "orm/session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "orm/connection.hpp"
#include "orm/dialect/compiler.hpp"
#include "orm/errors.hpp"

namespace orm {

// ---- Transaction --------------------------------------------------------

Transaction::Transaction(Transaction&& other) noexcept
    : session_(other.session_), depth_(other.depth_), done_(std::exchange(other.done_, true)) {}

Transaction::~Transaction() {
    if (done_) return;
    try {
        rollback();
    } catch (...) {
        // Destructors must not throw; the connection reports the failure next time.
    }
}

void Transaction::commit() {
    if (done_) throw std::logic_error("orm: transaction already ended");
    done_ = true;
    if (depth_ == 0)
        session_->commit();
    else
        session_->commit_to(depth_);
}

void Transaction::rollback() {
    if (done_) return;
    done_ = true;
    if (depth_ == 0)
        session_->rollback();
    else
        session_->rollback_to(depth_);
}

// ---- Session ------------------------------------------------------------

namespace {

// A key for SQL rendered once per connection (Connection::prepare_rendered):
// a statement kind, the table (a model's table lives as long as the program)
// and, where the columns vary, which ones the statement names (appended by
// the caller). Built in a buffer kept between calls: one per row of a bulk load.
std::string& shape_of(char kind, const TableDef& table) {
    thread_local std::string shape;
    shape.assign("\x1d");  // never in an identifier (see QueryBase::execute)
    shape += kind;
    const TableDef* pointer = &table;
    shape.append(reinterpret_cast<const char*>(&pointer), sizeof pointer);
    shape += table.name();
    shape += '\x1d';
    return shape;
}

// The columns a shape names: the last `count` characters of `shape`, one
// per column, '1' where the statement names it.
std::vector<std::size_t> named_columns(const std::string& shape, std::size_t count) {
    std::vector<std::size_t> named;
    for (std::size_t i = 0; i < count; ++i)
        if (shape[shape.size() - count + i] == '1') named.push_back(i);
    return named;
}

}  // namespace

Session::Session(Engine& engine) : engine_(engine) {}

Session::~Session() {
    if (!in_transaction_) return;
    try {
        rollback();
    } catch (...) {
        // Nothing to report to: the transaction ends with the connection anyway.
    }
}

Connection& Session::connection() {
    if (!in_transaction_) begin_outer(false);
    return engine_.connection();
}

void Session::begin_outer(bool write, bool snapshot) {
    auto& connection = engine_.connection();
    if (snapshot)
        connection.begin_snapshot();
    else
        connection.begin(write);
    in_transaction_ = true;
    snapshots_.clear();
    // Pending objects count as added within the transaction (it often begins
    // lazily, at their own flush): a rollback forgets them rather than keeping
    // them pending with the id of a row that no longer exists.
    Snapshot start;
    for (const auto& [key, entry] : entries_)
        if (entry.state != State::pending) start.entries.emplace(key, entry);
    snapshots_.push_back(std::move(start));
}

Transaction Session::begin(bool write) {
    if (!in_transaction_) {
        begin_outer(write);
        return Transaction(*this, 0);
    }
    flush();
    const std::size_t depth = snapshots_.size();
    auto& connection = engine_.connection();
    connection.savepoint(engine_.dialect().compiler().savepoint_name(depth));
    snapshots_.push_back(Snapshot{entries_});
    return Transaction(*this, depth);
}

Transaction Session::begin_snapshot() {
    if (in_transaction_)
        throw std::logic_error("orm: a snapshot cannot begin inside another transaction");
    begin_outer(false, true);
    return Transaction(*this, 0);
}

void Session::commit() {
    flush();
    if (!in_transaction_) return;
    try {
        engine_.connection().commit();
    } catch (...) {
        rollback();
        throw;
    }
    in_transaction_ = false;
    snapshots_.clear();
}

void Session::commit_to(std::size_t depth) {
    if (!in_transaction_ || snapshots_.size() <= depth) return;  // already ended
    flush();
    if (!in_transaction_) return;
    engine_.connection().release_savepoint(engine_.dialect().compiler().savepoint_name(depth));
    snapshots_.resize(depth);
}

void Session::rollback() {
    if (in_transaction_) {
        in_transaction_ = false;
        Snapshot start = std::move(snapshots_.front());
        snapshots_.clear();
        try {
            engine_.connection().rollback();
        } catch (const DatabaseError&) {
            // The backend may already have ended the transaction after an error.
        }
        restore(std::move(start));
        return;
    }
    // No transaction: forget what was never written, undo what was changed in memory.
    Snapshot kept;
    for (auto& [key, entry] : entries_)
        if (entry.state != State::pending) kept.entries.emplace(key, entry);
    restore(std::move(kept));
}

void Session::rollback_to(std::size_t depth) {
    if (!in_transaction_ || snapshots_.size() <= depth) return;  // already ended
    auto& connection = engine_.connection();
    const auto name = engine_.dialect().compiler().savepoint_name(depth);
    connection.rollback_to_savepoint(name);
    connection.release_savepoint(name);
    Snapshot snapshot = std::move(snapshots_[depth]);
    snapshots_.resize(depth);
    restore(std::move(snapshot));
}

void Session::restore(Snapshot snapshot) {
    // Objects inserted since become transient again; objects merely loaded
    // since keep their id (their rows exist) and are no longer tracked.
    for (auto& [key, entry] : entries_) {
        const auto kept = snapshot.entries.find(key);
        if (kept != snapshot.entries.end() && kept->second.object == entry.object) continue;
        if (entry.inserted) entry.table->set_id(entry.object.get(), 0);
    }
    for (auto& [key, entry] : snapshot.entries) {
        void* object = entry.object.get();
        if (entry.flushed)
            for (std::size_t i = 0; i < entry.table->columns().size(); ++i)
                entry.table->copy(object, entry.flushed.get(), i);
        if (entry.state == State::deleted) entry.state = State::persistent;
    }
    entries_ = std::move(snapshot.entries);
}

void Session::expunge_all() {
    entries_.clear();
    for (auto& snapshot : snapshots_)
        snapshot.entries.clear();
}

Session::Key Session::key_of(const TableDef& table, const void* object) {
    const auto id = table.id_of(object);
    return id != 0 ? Key{&table, id} : pending_key(table, object);
}

Session::Key Session::pending_key(const TableDef& table, const void* object) {
    return {&table, -static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(object))};
}

void Session::erase_entry(const Entry* entry, const Key& key) {
    if (auto it = entries_.find(key); it != entries_.end() && &it->second == entry) {
        entries_.erase(it);
        return;
    }
    // Tracked under another key (see flush_entries()).
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
        if (&it->second == entry) {
            entries_.erase(it);
            return;
        }
}

void Session::add_object(const TableDef& table, std::shared_ptr<void> object) {
    const auto key = key_of(table, object.get());
    // Pending when new (id 0); else a detached object, written in full at the
    // next flush. `object` is moved from only when its key is new.
    const auto state = key.id < 0 ? State::pending : State::persistent;
    if (auto [it, added] =
            entries_.try_emplace(key, &table, std::move(object), state, nullptr, next_order_);
        !added) {
        if (it->second.object != object)
            throw std::logic_error(
                fmt::format("orm: another object for {} id {} is already in the session",
                            table.name(), key.id));
        if (it->second.state == State::deleted) it->second.state = State::persistent;
        return;
    }
    ++next_order_;
    // Inside a transaction a bulk add writes as it goes, like an autoflush:
    // the session then holds a batch of rows, not every row added. The batch
    // grows with what the session tracks, so that each flush's comparison of
    // the loaded objects stays a small share of the work.
    if (in_transaction_ && ++added_since_flush_ >= std::max(kAddsPerFlush, entries_.size() / 2))
        flush();
}

void Session::remove_object(const TableDef& table, const std::shared_ptr<void>& object) {
    const auto key = key_of(table, object.get());
    if (auto it = entries_.find(key); it != entries_.end()) {
        if (it->second.object != object)
            throw std::logic_error(
                fmt::format("orm: another object for {} id {} is already in the session",
                            table.name(), key.id));
        if (it->second.state == State::pending)
            entries_.erase(it);
        else
            it->second.state = State::deleted;
        return;
    }
    if (key.id < 0) return;  // never written: nothing to delete
    entries_.emplace(
        key, Entry{&table, object, State::deleted, table.clone(object.get()), next_order_++});
}

std::shared_ptr<void> Session::get_object(const TableDef& table, std::int64_t id) {
    if (auto it = entries_.find({&table, id}); it != entries_.end())
        return it->second.state == State::deleted ? nullptr : it->second.object;
    auto& connection = this->connection();
    auto statement = connection.prepare_rendered(shape_of('G', table), [&] {
        return engine_.dialect().compiler().select_by(table, table.primary_key().name);
    });
    statement->bind(1, id);
    if (!statement->step()) return nullptr;
    return load(table, *statement);
}

std::shared_ptr<void> Session::load(const TableDef& table, const Statement& row) {
    const auto id = row.get_int64(static_cast<int>(table.primary_key_index()));
    auto [it, fresh] = entries_.try_emplace(Key{&table, id});
    if (!fresh) return it->second.object;
    try {
        auto loaded = table.load_tracked(row);
        it->second = Entry{&table, std::move(loaded.object), State::persistent,
                           std::move(loaded.copy), next_order_++};
        return it->second.object;
    } catch (...) {
        entries_.erase(it);
        throw;
    }
}

void Session::prepare_insert(const TableDef& table, void* object) const {
    const auto& columns = table.columns();
    std::optional<Timestamp> now;  // one time for every column of the row
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if ((columns[i].default_now || columns[i].update_now) && table.is_null(object, i)) {
            if (!now) now = Timestamp::now();
            table.stamp(object, i, *now);
        }
    }
    table.validate_object(object);
}

void Session::insert_object(const TableDef& table, void* object) {
    prepare_insert(table, object);
    insert_row(table, object);
}

void Session::insert_row(const TableDef& table, void* object) {
    const auto pk = table.primary_key_index();
    const bool explicit_id = table.id_of(object) != 0;
    const auto& columns = table.columns();
    // Which columns the new row names: its shape. A bulk load inserts rows of
    // one shape, rendered once per connection.
    auto& shape = shape_of('I', table);
    const auto first = shape.size();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        // A NULL for a column with a declared default lets the default apply.
        const bool named =
            (i != pk || explicit_id) && !(columns[i].default_value && table.is_null(object, i));
        shape += named ? '1' : '0';
    }
    auto& connection = this->connection();
    auto statement = connection.prepare_rendered(shape, [&] {
        return engine_.dialect().compiler().insert(table, named_columns(shape, columns.size()));
    });
    // Bound from the object itself: it stays unchanged until the run ends.
    int index = 0;
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (shape[first + i] == '1') table.bind(object, i, *statement, ++index);
    statement->execute();
    if (!explicit_id) table.set_id(object, connection.last_insert_id());
}

void Session::flush() {
    added_since_flush_ = 0;
    if (entries_.empty()) return;
    // The objects with work to do, in the order they were added: rows are
    // written in that order. Unchanged objects (most of what a session has
    // read) are compared once and left out, or forgotten at once when only
    // the session holds them (see below).
    // Sorted with their order beside them: no visit to each entry per comparison.
    std::vector<std::pair<std::uint64_t, Entry*>> by_order;
    for (auto it = entries_.begin(); it != entries_.end();) {
        auto& entry = it->second;
        if (entry.state == State::persistent) {
            const void* flushed = entry.flushed.get();
            entry.changed = !flushed || !entry.table->same_row(entry.object.get(), flushed);
            if (!entry.changed) {
                it = held_only_here(entry) ? entries_.erase(it) : std::next(it);
                continue;
            }
        }
        by_order.emplace_back(entry.order, &entry);
        ++it;
    }
    if (by_order.empty()) return;
    auto order = in_order(std::move(by_order));
    try {
        // Before any SQL: a refused value never reaches the database.
        validate_entries(order);
    } catch (...) {
        rollback();
        throw;
    }
    connection();
    try {
        flush_entries(order);
    } catch (...) {
        rollback();
        throw;
    }
    // Written objects that nothing but the session holds can change no more:
    // forget them (the identity map holds its objects weakly, like
    // SQLAlchemy's), so that a bulk add or a long session does not keep
    // every row it ever touched. A savepoint's snapshot holds its objects.
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.state == State::persistent && held_only_here(it->second))
            it = entries_.erase(it);
        else
            ++it;
    }
}

std::vector<Session::Entry*> Session::in_order(
    std::vector<std::pair<std::uint64_t, Entry*>> by_order) {
    const auto [lo, hi] =
        std::minmax_element(by_order.begin(), by_order.end(),
                            [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto first = lo->first;
    const auto span = hi->first - first + 1;
    std::vector<Entry*> order;
    if (span <= 2 * by_order.size()) {
        // Orders are unique, and a batch of adds is a dense run of them: each
        // entry goes straight to its place, no sort.
        order.assign(span, nullptr);
        for (const auto& [position, entry] : by_order)
            order[position - first] = entry;
        std::erase(order, nullptr);
        return order;
    }
    std::sort(by_order.begin(), by_order.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    order.reserve(by_order.size());
    for (const auto& [position, entry] : by_order)
        order.push_back(entry);
    return order;
}

void Session::validate_entries(const std::vector<Entry*>& order) {
    for (auto* entry : order) {
        const auto& table = *entry->table;
        void* object = entry->object.get();
        if (entry->state == State::pending) {
            // Fills default_now columns, then validates. The row is read
            // again at its INSERT rather than kept: a bulk add of many rows
            // would hold a second copy of each until then.
            prepare_insert(table, object);
        } else if (entry->state == State::persistent) {  // changed (see flush())
            const void* flushed = entry->flushed.get();
            auto values = table.values(object);
            const auto& columns = table.columns();
            for (std::size_t i = 0; i < columns.size(); ++i)  // as flush_entries() will
                if (columns[i].update_now && (!flushed || table.same(object, flushed, i)))
                    values[i] = Timestamp::now().sql();
            table.validate(values);
        }
    }
}

void Session::flush_entries(const std::vector<Entry*>& order) {
    const auto& compiler = engine_.dialect().compiler();
    auto& connection = engine_.connection();

    for (auto* entry : order) {
        if (entry->state != State::pending) continue;
        const auto& table = *entry->table;
        void* object = entry->object.get();
        const auto pending = pending_key(table, object);
        insert_row(table, object);  // as validated (and stamped)
        entry->changed = false;
        entry->state = State::persistent;
        entry->inserted = true;
        if (held_only_here(*entry)) continue;  // forgotten by flush(): no copy, no new key
        entry->flushed = table.clone(object);
        // Keyed by its id from now on (the node, and `entry`, stay where they
        // are). Should another object already claim that id (a stale one, for
        // a row that did not exist), this one keeps its first key: flushed
        // like any other, but not what get() finds.
        if (const auto by_id = key_of(table, object); !entries_.contains(by_id)) {
            auto node = entries_.extract(pending);
            node.key() = by_id;
            entries_.insert(std::move(node));
        }
    }
    for (auto* entry : order) {
        if (entry->state != State::persistent) continue;
        const auto& table = *entry->table;
        void* object = entry->object.get();
        if (!entry->changed) continue;  // as flush() found, just before
        const void* flushed = entry->flushed.get();
        const auto& columns = table.columns();
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i].update_now && (!flushed || table.same(object, flushed, i)))
                table.stamp(object, i, Timestamp::now());
        auto values = table.values(object);
        table.validate(values);
        // The changed columns, then the key; rendered once per set of changed columns.
        auto& shape = shape_of('U', table);
        std::vector<Value> params;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const bool changed =
                !columns[i].primary_key && (!flushed || !table.same(object, flushed, i));
            shape += changed ? '1' : '0';
            if (changed) params.push_back(values[i]);
        }
        params.push_back(values[table.primary_key_index()]);
        connection.execute_rendered(
            shape,
            [&] {
                return compiler.update_by(table, named_columns(shape, columns.size()),
                                          table.primary_key().name);
            },
            params);
        entry->flushed = table.clone(object);
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        auto* entry = *it;
        if (entry->state != State::deleted) continue;
        const auto& table = *entry->table;
        const auto id = table.id_of(entry->object.get());
        connection.execute_rendered(
            shape_of('D', table),
            [&] { return compiler.delete_by(table, table.primary_key().name); }, {id});
        erase_entry(entry, Key{&table, id});
    }
}

}  // namespace orm
