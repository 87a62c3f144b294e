package ddm.log;

import java.io.IOException;

/**
 * What the group-commit tests drive: {@link GroupCommit} itself, or one of the deliberately broken
 * {@link BrokenGroupCommit}s that the same tests must catch.
 */
interface Coordinator {
    long append(byte[] record) throws IOException;

    void force() throws IOException;

    long syncCount();

    static Coordinator of(GroupCommit g) {
        return new Coordinator() {
            @Override
            public long append(byte[] record) throws IOException {
                return g.append(record);
            }

            @Override
            public void force() throws IOException {
                g.force();
            }

            @Override
            public long syncCount() {
                return g.syncCount();
            }
        };
    }
}
