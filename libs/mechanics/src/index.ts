export * from './mechanic.interface';
export * from './mechanic.registry';
export * from './mechanics.module';
export * from './social-post/social-post.config';
export * from './social-post/social-post.mechanic';
export * from './social-post/topic-match';
export * from './node-mechanic.interface';
export * from './ugc-contest/ugc-contest.config';
