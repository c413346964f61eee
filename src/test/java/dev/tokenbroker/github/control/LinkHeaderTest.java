package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void findsNextInGitHubsHeader() {
        String header = "<https://api.github.com/repositories/1300192/issues?page=2>; rel=\"prev\", "
                + "<https://api.github.com/repositories/1300192/issues?page=4>; rel=\"next\", "
                + "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\", "
                + "<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"first\"";
        assertThat(LinkHeader.next(header)).contains("https://api.github.com/repositories/1300192/issues?page=4");
        assertThat(LinkHeader.relation(header, "last")).contains("https://api.github.com/repositories/1300192/issues?page=515");
    }

    @Test
    void lastPageHasNoNext() {
        String header = "<https://api.github.com/user/teams?per_page=100&page=1>; rel=\"prev\", "
                + "<https://api.github.com/user/teams?per_page=100&page=1>; rel=\"first\"";
        assertThat(LinkHeader.next(header)).isEmpty();
    }

    @Test
    void noHeaderMeansOnePage() {
        assertThat(LinkHeader.next(null)).isEmpty();
        assertThat(LinkHeader.next("")).isEmpty();
    }

    @Test
    void acceptsUnquotedAndMultipleRelations() {
        assertThat(LinkHeader.next("<https://x/a?page=2>; rel=next")).contains("https://x/a?page=2");
        assertThat(LinkHeader.next("<https://x/a?page=3>; rel=\"next last\"")).contains("https://x/a?page=3");
        assertThat(LinkHeader.next("<https://x/a?page=3>; title=\"x\"; rel=\"next\"")).contains("https://x/a?page=3");
    }

    @Test
    void doesNotMistakeNextInsideAUrlForTheRelation() {
        assertThat(LinkHeader.next("<https://x/next?page=2>; rel=\"last\"")).isEmpty();
    }
}
