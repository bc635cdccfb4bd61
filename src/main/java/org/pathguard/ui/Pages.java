package org.pathguard.ui;

import org.springframework.ui.Model;

import java.util.function.IntFunction;

/**
 * A long list shown a page at a time (the validation queue, the referred-out worklist): the list's query reads only
 * the page shown and counts the rest, and the screen says which page of how many, with links to the pages either side.
 */
record Pages(int page, int pages) {

    static final int SIZE = 50;

    /** Page 1 for anything that is not a page number: an address edited by hand still shows the list. */
    static int number(String page) {
        try {
            return page == null ? 1 : Math.max(1, Integer.parseInt(page.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static int offset(int page) {
        return (page - 1) * SIZE;
    }

    /** The page shown for a list of {@code total}: the one asked for, or the last when it asked past the end. */
    static Pages of(int asked, int total) {
        int pages = Math.max(1, (total + SIZE - 1) / SIZE);
        return new Pages(Math.min(asked, pages), pages);
    }

    /** What the pages fragment (fragments.html) shows; {@code link} is the address of a page with the list's filters. */
    void show(Model model, IntFunction<String> link) {
        model.addAttribute("page", page);
        model.addAttribute("pages", pages);
        model.addAttribute("previousPage", page > 1 ? link.apply(page - 1) : null);
        model.addAttribute("nextPage", page < pages ? link.apply(page + 1) : null);
    }
}
