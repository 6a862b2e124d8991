package io.gatehouse.examples.inventory;

import io.gatehouse.kit.Description;
import io.gatehouse.kit.Tool;
import io.gatehouse.kit.ToolError;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The example's tools: a small warehouse kept in memory, as {@link Tool}-annotated methods. */
public final class Inventory {

  /** What kind of thing an item is. */
  public enum Category {
    TOOLS,
    PARTS,
    SUPPLIES
  }

  /** One item and how many are in stock. */
  public record Item(String sku, String name, Category category, int stock) {}

  /** The arguments of {@code find_item}. */
  public record FindItem(@Description("The item's SKU, such as HAM-01") String sku) {}

  /** The arguments of {@code search_items}. */
  public record SearchItems(
      @Description("Text the item's name contains, case-insensitive") String text,
      @Description("Only items of this category") Optional<Category> category,
      @Description("At most this many items (default 10)") Optional<Integer> limit) {}

  /** What {@code search_items} answers. */
  public record Items(List<Item> items) {}

  /** The arguments of {@code adjust_stock}. */
  public record AdjustStock(
      @Description("The item's SKU") String sku,
      @Description("How many to add (negative: remove)") int delta) {}

  private final Map<String, Item> items = new ConcurrentHashMap<>();

  public Inventory() {
    for (Item item :
        List.of(
            new Item("HAM-01", "Claw hammer", Category.TOOLS, 12),
            new Item("SCR-02", "Screwdriver set", Category.TOOLS, 4),
            new Item("NUT-10", "M10 hex nut", Category.PARTS, 500),
            new Item("TAP-03", "Duct tape", Category.SUPPLIES, 0))) {
      items.put(item.sku(), item);
    }
  }

  @Tool(name = "find_item", description = "Finds an item by its SKU")
  public Item find(FindItem args) {
    Item item = items.get(args.sku());
    if (item == null) {
      throw new ToolError("no item with SKU '" + args.sku() + "'");
    }
    return item;
  }

  @Tool(name = "search_items", description = "Lists items whose name contains a text")
  public Items search(SearchItems args) {
    String text = args.text().toLowerCase(java.util.Locale.ROOT);
    return new Items(
        items.values().stream()
            .filter(i -> i.name().toLowerCase(java.util.Locale.ROOT).contains(text))
            .filter(i -> args.category().map(c -> c == i.category()).orElse(true))
            .sorted(Comparator.comparing(Item::sku))
            .limit(args.limit().orElse(10))
            .toList());
  }

  @Tool(name = "adjust_stock", description = "Adds to or removes from an item's stock")
  public String adjust(AdjustStock args) {
    Item changed =
        items.computeIfPresent(
            args.sku(),
            (sku, i) -> {
              if (i.stock() + args.delta() < 0) {
                throw new ToolError(
                    sku + ": only " + i.stock() + " in stock, cannot remove " + -args.delta());
              }
              return new Item(sku, i.name(), i.category(), i.stock() + args.delta());
            });
    if (changed == null) {
      throw new ToolError("no item with SKU '" + args.sku() + "'");
    }
    return changed.sku() + " now has " + changed.stock() + " in stock";
  }

  /** How many units of each category are in stock. */
  String countByCategory(Optional<Category> category) {
    return items.values().stream()
            .filter(i -> category.map(c -> c == i.category()).orElse(true))
            .mapToInt(Item::stock)
            .sum()
        + " units"
        + category.map(c -> " of " + c).orElse("");
  }
}
