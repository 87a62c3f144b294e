package ddm.conformance.reader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reader's link check: every {@code href} of every page leads to a page of the reader and, with a fragment, to
 * an element of that page with that id; nothing points outside (the pages are read offline). One line per broken
 * link.
 */
public final class LinkCheck {

    private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");
    private static final Pattern HREF = Pattern.compile("\\bhref=\"([^\"]*)\"");
    private static final Pattern SRC = Pattern.compile("\\bsrc=\"([^\"]*)\"");

    private LinkCheck() {}

    /** The broken links of {@code pages} (file name to HTML). */
    public static List<String> check(Map<String, String> pages) {
        Map<String, Set<String>> ids = new HashMap<>();
        for (Map.Entry<String, String> p : pages.entrySet()) {
            Set<String> s = new HashSet<>();
            Matcher m = ID.matcher(p.getValue());
            while (m.find()) s.add(m.group(1));
            ids.put(p.getKey(), s);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> p : pages.entrySet()) {
            Matcher src = SRC.matcher(p.getValue());
            while (src.find()) out.add(p.getKey() + ": loads " + src.group(1) + " (the reader loads nothing)");
            Matcher m = HREF.matcher(p.getValue());
            while (m.find()) {
                String href = m.group(1);
                int hash = href.indexOf('#');
                String page = hash < 0 ? href : href.substring(0, hash), id = hash < 0 ? null : href.substring(hash + 1);
                if (page.isEmpty()) page = p.getKey();
                if (!pages.containsKey(page)) {
                    out.add(p.getKey() + ": link to " + href + " leads to no page of the reader");
                } else if (id != null && !ids.get(page).contains(id)) {
                    out.add(p.getKey() + ": link to " + href + " leads to no element with id " + id);
                }
            }
        }
        return out;
    }
}
