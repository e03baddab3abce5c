#pragma once
// The unit of work. A session tracks the objects it has loaded or been given
// (one object per row: the identity map), writes what changed at flush(),
// and wraps everything in a transaction that commit() ends.
//
//   orm::Session session(engine);
//   auto tx = session.begin();                 // rolls back unless committed
//   auto tech = session.add(Category{.name = "tech"});
//   session.flush();                           // INSERT; tech->id is now set
//   tech->name = "technology";                 // UPDATE at the next flush
//   tx.commit();
//
// Objects are held weakly once written: what only the session still holds
// is forgotten after a flush (a later get() reads it again).
//
// A failed flush rolls the session back and leaves it usable. rollback()
// restores tracked objects to their state at the start of the transaction
// (or savepoint): objects inserted since become transient again (id 0).
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "orm/block_pool.hpp"
#include "orm/engine.hpp"
#include "orm/model.hpp"
#include "orm/query.hpp"

namespace orm {

class Session;

// A transaction, or a savepoint when one is already open. Rolls back when
// destroyed without commit().
class Transaction {
  public:
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();

    void commit();
    void rollback();
    bool nested() const { return depth_ > 0; }

  private:
    friend class Session;
    Transaction(Session& session, std::size_t depth) : session_(&session), depth_(depth) {}
    Session* session_;
    std::size_t depth_;  // 0: the outer transaction; n: the n-th savepoint
    bool done_ = false;
};

class Session {
  public:
    explicit Session(Engine& engine);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    Engine& engine() { return engine_; }
    // The connection, with a transaction begun on it if none is open.
    Connection& connection();

    // Tracks `object`: INSERTed at the next flush if new (id 0), else UPDATEd
    // there when any of its columns changed. Inside a transaction, every
    // kAddsPerFlush adds (or more, when the session tracks many objects)
    // flush: a refused value may then be reported by add(), with the
    // transaction rolled back as a failed flush does.
    template <Model T>
    std::shared_ptr<T> add(std::shared_ptr<T> object) {
        add_object(T::table(), object);
        return object;
    }
    template <Model T>
    std::shared_ptr<T> add(T object) {
        return add(std::allocate_shared<T>(PoolAllocator<T>(), std::move(object)));
    }
    // INSERTs at once, without tracking: for bulk loads. Sets the object's id.
    template <Model T>
    void insert(T& object) {
        insert_object(T::table(), &object);
    }
    // The object with that primary key, from the identity map or one SELECT.
    template <Model T>
    std::shared_ptr<T> get(std::int64_t id) {
        return std::static_pointer_cast<T>(get_object(T::table(), id));
    }
    // DELETEd at the next flush.
    template <Model T>
    void remove(const std::shared_ptr<T>& object) {
        remove_object(T::table(), object);
    }
    template <Model T>
    Query<T> query() {
        return Query<T>(*this);
    }

    // Opens a transaction, or a savepoint inside the open one. `write` takes
    // the write lock up front where the backend needs that (SQLite), so that
    // a writer waits for other writers instead of failing half-way.
    Transaction begin(bool write = true);
    // A read-only transaction that sees one committed state throughout
    // (Connection::begin_snapshot); not inside another transaction.
    Transaction begin_snapshot();
    void flush();
    void commit();
    void rollback();
    bool in_transaction() const { return in_transaction_; }
    // Forgets every tracked object (they stay valid, but untracked).
    void expunge_all();

    // For queries: the tracked object for the current row of `row`, loading
    // it when the row is not tracked yet.
    std::shared_ptr<void> load(const TableDef& table, const Statement& row);

  private:
    friend class Transaction;
    enum class State { pending, persistent, deleted };
    struct Entry {
        const TableDef* table;
        std::shared_ptr<void> object;
        State state;
        // A copy of the object as last written or read (shared, never changed:
        // the snapshots of savepoints keep theirs); null when unknown, which
        // writes every column at the next flush.
        std::shared_ptr<const void> flushed;
        std::uint64_t order;    // insertion order, for flushing
        bool inserted = false;  // INSERTed by this session (a rollback makes it transient)
        bool changed = false;   // differs from `flushed` (set by flush())
    };
    // Tracked objects are found by table and primary key: the identity map
    // and the list of work are one hash map. A pending object has no id yet;
    // until its INSERT it is keyed by its address, negated (never an id).
    struct Key {
        const TableDef* table;
        std::int64_t id;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        // Near ids (and addresses) land in near buckets: a bulk add or a
        // flush of many rows walks the table in memory order.
        std::size_t operator()(const Key& key) const {
            return static_cast<std::size_t>(key.id) ^
                   (reinterpret_cast<std::uintptr_t>(key.table) >> 4);
        }
    };
    using Entries = std::unordered_map<Key, Entry, KeyHash, std::equal_to<Key>,
                                       PoolAllocator<std::pair<const Key, Entry>>>;
    struct Snapshot {
        Entries entries;
    };
    static Key key_of(const TableDef& table, const void* object);
    // The key of an object added without an id, kept until its INSERT (even
    // should its id be set by hand before then).
    static Key pending_key(const TableDef& table, const void* object);
    // Forgets `entry`, expected under `key`.
    void erase_entry(const Entry* entry, const Key& key);

    void add_object(const TableDef& table, std::shared_ptr<void> object);
    void insert_object(const TableDef& table, void* object);
    std::shared_ptr<void> get_object(const TableDef& table, std::int64_t id);
    void remove_object(const TableDef& table, const std::shared_ptr<void>& object);
    void begin_outer(bool write, bool snapshot = false);
    void end_outer(bool commit);
    void commit_to(std::size_t depth);
    void rollback_to(std::size_t depth);
    void restore(Snapshot snapshot);
    // The entries by `order` (the order they were added).
    static std::vector<Entry*> in_order(std::vector<std::pair<std::uint64_t, Entry*>> by_order);
    // flush(): first every check, then the SQL.
    void validate_entries(const std::vector<Entry*>& order);
    void flush_entries(const std::vector<Entry*>& order);
    // Stamps the default_now columns left unset and validates the row.
    void prepare_insert(const TableDef& table, void* object) const;
    // INSERTs the object as it is (prepared), and sets its new id.
    void insert_row(const TableDef& table, void* object);
    static bool held_only_here(const Entry& entry) {
        // The copy may share the object's owner (TableDef::load_tracked).
        const bool together = entry.flushed && !entry.flushed.owner_before(entry.object) &&
                              !entry.object.owner_before(entry.flushed);
        return entry.object.use_count() == (together ? 2 : 1);
    }

    static constexpr std::size_t kAddsPerFlush = 1000;
    Engine& engine_;
    bool in_transaction_ = false;
    std::size_t added_since_flush_ = 0;
    std::uint64_t next_order_ = 0;
    Entries entries_;
    std::vector<Snapshot> snapshots_;  // [0]: at transaction start; then one per savepoint
};

}  // namespace orm
