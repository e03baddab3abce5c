#include "orm/block_pool.hpp"

#include <array>

namespace orm::block_pool {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kKeep = false;
#else
constexpr bool kKeep = true;
#endif
constexpr std::size_t kStep = 16;      // sizes kept: multiples of 16 bytes...
constexpr std::size_t kLargest = 512;  // ...up to this
constexpr std::size_t kKept = 4096;    // blocks kept per size

struct Free {
    Free* next;
};

// A block of each size is what operator new gave for that size rounded up,
// so any list, of any thread, may take it.
struct Lists {
    std::array<Free*, kLargest / kStep + 1> head{};
    std::array<std::size_t, kLargest / kStep + 1> kept{};
    ~Lists();
};

// Blocks freed as the thread ends (after its lists are gone) go back to
// operator delete; this flag has no destructor, so it outlives them.
thread_local bool lists_gone = false;
thread_local Lists lists;

Lists::~Lists() {
    lists_gone = true;
    for (auto& first : head) {
        while (Free* block = first) {
            first = block->next;
            ::operator delete(block);
        }
    }
}

}  // namespace

void* allocate(std::size_t bytes) {
    if (!kKeep || bytes > kLargest) return ::operator new(bytes);
    const std::size_t i = (bytes + kStep - 1) / kStep;
    if (!lists_gone && lists.head[i]) {
        Free* block = lists.head[i];
        lists.head[i] = block->next;
        --lists.kept[i];
        return block;
    }
    return ::operator new(i* kStep);
}

void deallocate(void* block, std::size_t bytes) noexcept {
    if (!kKeep || bytes > kLargest || bytes == 0) return ::operator delete(block);
    const std::size_t i = (bytes + kStep - 1) / kStep;
    if (lists_gone || lists.kept[i] >= kKept) return ::operator delete(block);
    lists.head[i] = new (block) Free{lists.head[i]};
    ++lists.kept[i];
}

}  // namespace orm::block_pool
