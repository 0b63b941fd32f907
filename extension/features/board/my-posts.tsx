import { useState } from 'preact/hooks';
import { firebase } from '../../data/firebase-app';
import { postsRepository } from '../../data/posts-repository';
import { t } from '../../i18n';
import { useMyClubs, useProgress, useShelf } from './board-hooks';
import { PostList } from './board-tab';
import { PostView } from './post-view';
import './board.css';

/** The reader's own posts on their profile (newest first, pages of 20); one opens in place. */
export function MyPosts({ uid, name }: { uid: string; name: string }) {
  const { db } = firebase();
  const shelf = useShelf(db, uid);
  const progress = useProgress(shelf);
  const clubs = useMyClubs(db, uid);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section class="card my-posts" data-testid="my-posts" aria-labelledby="my-posts-heading">
      <h2 id="my-posts-heading">{t('profileMyPosts')}</h2>
      {open ? (
        <PostView
          db={db}
          postId={open}
          viewer={{ uid, name }}
          progress={progress}
          clubs={clubs}
          onBack={() => setOpen(null)}
          onRecommendTo={() => {}}
        />
      ) : (
        <PostList
          load={(cursor) => postsRepository(db).byAuthor(uid, cursor)}
          viewerUid={uid}
          progress={progress}
          empty={t('profileNoPosts')}
          onOpen={(p) => setOpen(p.id)}
          testId="my-posts-list"
        />
      )}
    </section>
  );
}
