declare module 'marked-terminal';
