package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HubRepoTest {

    @Test
    void acceptsHubIdsAndRevisions() {
        HubRepo r = new HubRepo("openai/clip-vit-large-patch14", "refs/pr/1");
        assertEquals("models--openai--clip-vit-large-patch14", r.cacheFolderName());
        assertFalse(r.isPinnedToCommit());
        assertTrue(r.at("32bd64288804d66eefd0ccbe215aa642df71cc41").isPinnedToCommit());
        assertEquals("models--gpt2", HubRepo.of("gpt2").cacheFolderName());
    }

    @Test
    void rejectsIdsAndRevisionsThatCouldEscapeTheCache() {
        for (String id : new String[] {"../etc", "a/b/c", "a/..", "/abs", "a//b", "a/b c", ".hidden/x", ""}) {
            assertThrows(IllegalArgumentException.class, () -> HubRepo.of(id), id);
        }
        for (String rev : new String[] {"..", "a/../b", "/main", "main/", "a//b", "x y", "a\\b", ""}) {
            assertThrows(IllegalArgumentException.class, () -> new HubRepo("a/b", rev), rev);
        }
        assertFalse(HubRepo.isCommitHash("32BD64288804D66EEFD0CCBE215AA642DF71CC41"));
        assertFalse(HubRepo.isCommitHash("32bd642"));
    }

    @Test
    void filePathsAreCheckedAndEncodedAsTheHubDoes() {
        for (String p : new String[] {"../x", "a/../b", "/abs", "a//b", "a\\b", "c:x", "a/./b", "", "a\u0000b"}) {
            assertThrows(IllegalArgumentException.class, () -> RepoPath.check(p), p);
        }
        assertEquals("unet/config.json", RepoPath.check("unet/config.json"));
        assertEquals("refs%2Fpr%2F1", RepoPath.encode("refs/pr/1", false));
        assertEquals("dir/a%20b%C3%A9.json", RepoPath.encode("dir/a b\u00e9.json", true));
    }
}
