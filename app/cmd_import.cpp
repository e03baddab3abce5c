// notes import [FILE|-]
#include <CLI/CLI.hpp>
#include <memory>

#include "commands.hpp"
#include "import_spool.hpp"
#include "input.hpp"
#include "logging.hpp"
#include "progress.hpp"

namespace app {

namespace {

// The spooled records, counted on the progress line as they are written.
class Ticking : public notes::ImportSource {
  public:
    Ticking(notes::ImportSource& records, Progress& progress)
        : records_(records), progress_(progress) {}
    void rewind() override { records_.rewind(); }
    std::optional<notes::ImportRecord> next() override {
        auto record = records_.next();
        if (record) progress_.tick();
        return record;
    }

  private:
    notes::ImportSource& records_;
    Progress& progress_;
};

}  // namespace

Command cmd_import(CLI::App& cli) {
    auto file = std::make_shared<std::string>("-");
    auto* sub = cli.add_subcommand("import", "Add notes from what 'notes export' wrote");
    sub->add_option("FILE", *file, "JSON Lines to read; '-' or none: stdin");
    sub->footer(
        "Each line is a note object: text and category are required, created_at and\n"
        "updated_at are kept when given, id is ignored (notes get new ids). Missing\n"
        "categories are created. All or nothing: the whole input is read and checked\n"
        "first, and a bad line names its line number (exit 2) and nothing is imported.\n"
        "With --json prints {\"imported\": N}.\n\n"
        "Examples:\n"
        "  notes import backup.jsonl\n"
        "  notes --db old.db export | notes --db new.db import");
    return {
        sub, [file](Context& ctx) {
            if (*file == "-" && stdin_is_terminal())
                notice("reading JSON Lines from the terminal; end with Ctrl-D");
            // Before the database: an unreadable file (exit 4) or a bad line
            // (exit 2) opens nothing, and no lock is held while input trickles in.
            if (*file != "-") check_input_file(*file);
            ImportSpool spool;
            spool.read_all(*file);
            Progress progress(ctx.options, "importing");
            Ticking ticking(spool, progress);
            auto count = ctx.notebook().import_notes(ticking);
            progress.finish();
            if (ctx.options.json) {
                Json j;
                j["imported"] = count;
                return ctx.out.json(j);
            }
            ctx.out.line("imported " + std::to_string(count) + (count == 1 ? " note" : " notes"));
        }};
}

}  // namespace app
