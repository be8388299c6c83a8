// One producer's received slots, in the pages src/engine/slot-set.ts keeps: 65,536 slots a page, a bitmap
// (8 KB, bit (offset & 7) of byte (offset >> 3)) while some slot of the page is missing, nothing but its count
// once all are in. A clean run's pages fill behind the frontier, so the consumer holds a few bitmaps however
// long it reads; one bit per slot for the whole run grew by 22 MB an hour at 50,000/s. A page with a lost
// slot keeps its bitmap, so a lossy run holds at most that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace loadgen {

class SlotPages {
 public:
  static constexpr uint32_t kPageSlots = 65536;
  static constexpr size_t kPageBytes = kPageSlots / 8;

  /** Adds a slot (0 or more); false if it was there already (a duplicate). */
  bool add(int64_t slot) {
    const int64_t index = slot / kPageSlots;
    Page* page = index == lastIndex_ ? last_ : nullptr;
    if (page == nullptr) {
      auto [found, isNew] = pages_.try_emplace(index);
      page = &found->second;
      if (isNew) page->bits = std::make_unique<uint8_t[]>(kPageBytes);  // zeroed
      lastIndex_ = index;
      last_ = page;
    }
    if (!page->bits) return false;  // full
    const uint32_t offset = static_cast<uint32_t>(slot - index * kPageSlots);
    uint8_t& byte = page->bits[offset >> 3];
    const uint8_t mask = static_cast<uint8_t>(1u << (offset & 7));
    if ((byte & mask) != 0) return false;
    byte |= mask;
    if (++page->count == kPageSlots) page->bits.reset();
    size_++;
    if (slot > max_) max_ = slot;
    return true;
  }

  uint64_t size() const noexcept { return size_; }
  int64_t max() const noexcept { return max_; }

  /** The pages, by number: full ones in `full`; the others in `partial`, their bitmaps in turn in `bits`. */
  void exportPages(std::vector<uint32_t>& full, std::vector<uint32_t>& partial, std::vector<uint8_t>& bits) const {
    for (const auto& [index, page] : pages_) {
      if (!page.bits) {
        full.push_back(static_cast<uint32_t>(index));
      } else {
        partial.push_back(static_cast<uint32_t>(index));
        bits.insert(bits.end(), page.bits.get(), page.bits.get() + kPageBytes);
      }
    }
  }

 private:
  struct Page {
    std::unique_ptr<uint8_t[]> bits;  // null once full
    uint32_t count = 0;
  };
  // Ordered, so pages export in order; a map node never moves, so last_ stays valid as pages are added.
  std::map<int64_t, Page> pages_;
  int64_t lastIndex_ = -1;
  Page* last_ = nullptr;
  uint64_t size_ = 0;
  int64_t max_ = -1;
};

}  // namespace loadgen
