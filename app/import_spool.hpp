#pragma once
// The input of `notes import`, read and checked whole before the database is
// touched: every line is parsed (notes/import_line.hpp) and the records are
// spooled to an anonymous temporary file in $TMPDIR (else /tmp), so that
// memory stays bounded at any input size, a slow producer never holds the
// write lock, and a retried transaction reads the same records again. The
// file is unlinked as soon as it is created: it goes away on every exit,
// SIGKILL included.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "notes/notebook.hpp"

namespace app {

class ImportSpool : public notes::ImportSource {
  public:
    ImportSpool();
    ~ImportSpool() override;
    ImportSpool(const ImportSpool&) = delete;
    ImportSpool& operator=(const ImportSpool&) = delete;

    // Reads `file` ("-": stdin) to the end. A bad line, or one over
    // notes::max_import_line, throws notes::Invalid naming it (the rest is
    // not read); a read or spool failure throws IoError.
    void read_all(const std::string& file);
    std::int64_t size() const { return count_; }

    void rewind() override;
    std::optional<notes::ImportRecord> next() override;

  private:
    void append(const notes::ImportRecord& record);
    void put(const void* data, std::size_t size);
    bool get(void* data, std::size_t size);
    [[noreturn]] void spool_failed(const char* doing);

    std::FILE* spool_ = nullptr;
    std::int64_t count_ = 0;
};

}  // namespace app
