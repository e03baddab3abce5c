"""The original tutorial's models (shared/docs/original-tutorial.txt), run by
SQLAlchemy beside `notes` on the same database (tests/cli/test_sqlalchemy.cpp).

    sqlalchemy_tutorial.py URL create             Base.metadata.create_all, as the tutorial does
    sqlalchemy_tutorial.py URL write NAME TEXT    a note in category NAME (created when missing)
    sqlalchemy_tutorial.py URL read               every category and its notes, as JSON

URL is SQLAlchemy's (sqlite:////abs.db, mysql+pymysql://..., postgresql+psycopg2://...).
"""
import json
import sys

from sqlalchemy import Column, ForeignKey, Integer, String, Text, create_engine
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import relationship, sessionmaker
from sqlalchemy.orm.exc import NoResultFound

engine = create_engine(sys.argv[1])
Base = declarative_base()
session = sessionmaker(autocommit=False, autoflush=False, bind=engine)()


def save_to_db(record):
    session.add(record)
    session.commit()


class Category(Base):
    __tablename__ = "categories"
    id = Column(Integer, primary_key=True)
    name = Column(String(10), nullable=False, unique=True)

    @classmethod
    def search_by_name(cls, name):
        return session.query(Category).filter(Category.name == name)

    @classmethod
    def find_by_name(cls, name):
        return session.query(Category).filter(Category.name == name).one()

    def notes(self):
        return session.query(Note).filter(Note.category_id == self.id).order_by(Note.id)

    def save(self):
        save_to_db(self)


class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    category_id = Column(Integer, ForeignKey("categories.id"), nullable=False)
    category = relationship(Category)

    def save(self):
        save_to_db(self)


def main():
    command = sys.argv[2]
    if command == "create":
        Base.metadata.create_all(engine)
    elif command == "write":
        name, text = sys.argv[3], sys.argv[4]
        try:
            c = Category.find_by_name(name)
        except NoResultFound:
            c = Category(name=name)
            c.save()
        n = Note(text=text, category=c)
        n.save()
        print(json.dumps({"id": n.id, "category_id": c.id}))
    elif command == "read":
        out = []
        for c in session.query(Category).order_by(Category.id):
            out.append({"id": c.id, "name": c.name,
                        "notes": [{"id": n.id, "text": n.text, "category": n.category.name}
                                  for n in c.notes()]})
        print(json.dumps(out))
    else:
        sys.exit("unknown command " + command)


main()
